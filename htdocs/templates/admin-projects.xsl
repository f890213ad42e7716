<?xml version="1.0" encoding="UTF-8"?>
<!-- admin-projects.xsl: the administration's project list, tab "Projekte (Aufträge/Kunden) & Co.",
     with search, paging, "Neues Projekt" and the "Einstellungen" button under the list. -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
                xmlns:kp="urn:kundenportal" exclude-result-prefixes="kp">
  <xsl:import href="_admin.xsl"/>

  <xsl:template match="/page" mode="title"><xsl:value-of select="kp:t('projects.title')"/></xsl:template>

  <xsl:template match="/page" mode="content">
    <h1><xsl:value-of select="kp:t('projects.title')"/></h1>
    <div class="toolbar">
      <form method="get" action="{$mount}/projects" class="search" role="search">
        <label for="q" class="sr"><xsl:value-of select="kp:t('list.search')"/></label>
        <input type="search" id="q" name="q" value="{projects/@q}" placeholder="{kp:t('list.search')}"/>
        <button type="submit"><xsl:value-of select="kp:t('list.search_go')"/></button>
      </form>
      <a class="button primary" href="{$mount}/projects/new"><xsl:value-of select="kp:t('project.new')"/></a>
    </div>
    <xsl:choose>
      <xsl:when test="projects/project">
        <div class="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col"><xsl:value-of select="kp:t('project.name')"/></th>
                <th scope="col"><xsl:value-of select="kp:t('project.number')"/></th>
                <th scope="col"><xsl:value-of select="kp:t('project.customer')"/></th>
                <th scope="col"><xsl:value-of select="kp:t('project.portal')"/></th>
              </tr>
            </thead>
            <tbody>
              <xsl:for-each select="projects/project">
                <tr>
                  <td><a href="{$mount}/projects/{@id}"><xsl:value-of select="name"/></a>
                    <xsl:if test="@unread = '1'">
                      <xsl:text> </xsl:text><a class="badge new" href="{$mount}/projects/{@id}/messages"><xsl:value-of select="kp:t('projects.unread')"/></a>
                    </xsl:if>
                    <xsl:if test="@new-documents = '1'">
                      <xsl:text> </xsl:text><a class="badge new" href="{$mount}/projects/{@id}/documents"><xsl:value-of select="kp:t('projects.new_documents')"/></a>
                    </xsl:if></td>
                  <td><xsl:value-of select="number"/></td>
                  <td><xsl:value-of select="customer"/></td>
                  <td><xsl:value-of select="kp:t(concat('yesno.', @portal))"/></td>
                </tr>
              </xsl:for-each>
            </tbody>
          </table>
        </div>
      </xsl:when>
      <xsl:when test="string(projects/@q)"><p class="empty"><xsl:value-of select="kp:t('list.no_match')"/></p></xsl:when>
      <xsl:otherwise><p class="empty"><xsl:value-of select="kp:t('projects.none')"/></p></xsl:otherwise>
    </xsl:choose>
    <xsl:call-template name="pager"><xsl:with-param name="base" select="'/projects'"/></xsl:call-template>
    <p class="actions"><a class="button" href="{$mount}/projects/settings"><xsl:value-of select="kp:t('projects.settings')"/></a></p>
  </xsl:template>
</xsl:stylesheet>
