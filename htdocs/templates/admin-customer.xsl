<?xml version="1.0" encoding="UTF-8"?>
<!-- admin-customer.xsl: a customer of the Kundenstamm (new or existing) with its projects and,
     at the bottom, its "Kundenportal" section (every project of the customer, now and later). -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
                xmlns:kp="urn:kundenportal" exclude-result-prefixes="kp">
  <xsl:import href="_admin.xsl"/>

  <xsl:template match="/page" mode="title">
    <xsl:choose>
      <xsl:when test="customer/@new = '1'"><xsl:value-of select="kp:t('customer.new')"/></xsl:when>
      <xsl:otherwise><xsl:value-of select="customer/name"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template match="/page" mode="content">
    <xsl:variable name="c" select="customer"/>
    <xsl:variable name="main" select="form[@id = 'main']"/>
    <xsl:variable name="page">
      <xsl:choose>
        <xsl:when test="$c/@new = '1'">/customers/new</xsl:when>
        <xsl:otherwise>/customers/<xsl:value-of select="$c/@id"/></xsl:otherwise>
      </xsl:choose>
    </xsl:variable>
    <p class="crumbs"><a href="{$mount}/customers"><xsl:value-of select="kp:t('customers.title')"/></a></p>
    <h1><xsl:apply-templates select="." mode="title"/></h1>
    <xsl:call-template name="notices"/>
    <form method="post" action="{$mount}{$page}" id="main-form" class="stack" data-warn-unsaved="1">
      <xsl:if test="/page/@typed = '1'"><xsl:attribute name="data-unsaved">1</xsl:attribute></xsl:if>
      <input type="hidden" name="csrf" value="{$ctx/@csrf}"/>
      <xsl:call-template name="hidden"><xsl:with-param name="form" select="$main"/><xsl:with-param name="name" select="'version'"/></xsl:call-template>
      <xsl:call-template name="hidden"><xsl:with-param name="form" select="$main"/><xsl:with-param name="name" select="'portal_version'"/></xsl:call-template>
      <xsl:if test="$c/@new = '0'">
        <p class="actions"><button type="submit" name="action" value="save" class="primary"><xsl:value-of select="kp:t('page.save')"/></button></p>
      </xsl:if>
      <section class="card stack" aria-labelledby="data-title">
        <h2 id="data-title"><xsl:value-of select="kp:t('customer.data')"/></h2>
        <xsl:call-template name="input">
          <xsl:with-param name="form" select="$main"/><xsl:with-param name="name" select="'name'"/>
          <xsl:with-param name="label" select="'customer.name'"/><xsl:with-param name="required" select="true()"/>
        </xsl:call-template>
        <xsl:call-template name="input">
          <xsl:with-param name="form" select="$main"/><xsl:with-param name="name" select="'number'"/>
          <xsl:with-param name="label" select="'customer.number'"/><xsl:with-param name="max" select="50"/>
        </xsl:call-template>
        <xsl:call-template name="input">
          <xsl:with-param name="form" select="$main"/><xsl:with-param name="name" select="'address'"/>
          <xsl:with-param name="label" select="'project.address'"/><xsl:with-param name="max" select="500"/>
        </xsl:call-template>
        <xsl:call-template name="input">
          <xsl:with-param name="form" select="$main"/><xsl:with-param name="name" select="'email'"/>
          <xsl:with-param name="label" select="'customer.email'"/><xsl:with-param name="max" select="254"/>
          <xsl:with-param name="type" select="'email'"/>
        </xsl:call-template>
        <xsl:call-template name="input">
          <xsl:with-param name="form" select="$main"/><xsl:with-param name="name" select="'phone'"/>
          <xsl:with-param name="label" select="'customer.phone'"/><xsl:with-param name="max" select="50"/>
          <xsl:with-param name="type" select="'tel'"/>
        </xsl:call-template>
      </section>
      <xsl:if test="$c/@new = '0'">
        <section class="card" aria-labelledby="projects-title">
          <h2 id="projects-title"><xsl:value-of select="kp:t('customer.projects')"/></h2>
          <xsl:choose>
            <xsl:when test="$c/projects/project">
              <ul class="links">
                <xsl:for-each select="$c/projects/project">
                  <li><a href="{$mount}/projects/{@id}"><xsl:value-of select="."/></a>
                    <xsl:if test="string(@number)"> <span class="meta"> (<xsl:value-of select="@number"/>)</span></xsl:if></li>
                </xsl:for-each>
              </ul>
            </xsl:when>
            <xsl:otherwise><p class="empty"><xsl:value-of select="kp:t('customer.no_projects')"/></p></xsl:otherwise>
          </xsl:choose>
        </section>
      </xsl:if>
      <section class="card stack" aria-labelledby="config-title">
        <h2 id="config-title"><xsl:value-of select="kp:t('project.config')"/></h2>
        <xsl:call-template name="portal-switch">
          <xsl:with-param name="main" select="$main"/><xsl:with-param name="portal" select="$c/portal"/>
        </xsl:call-template>
        <p class="meta"><xsl:value-of select="kp:t('customer.portal_covers')"/></p>
      </section>
      <xsl:if test="$c/@new = '1'">
        <p class="actions"><button type="submit" name="action" value="save" class="primary"><xsl:value-of select="kp:t('customer.create')"/></button></p>
      </xsl:if>
    </form>
    <xsl:if test="$c/portal">
      <xsl:call-template name="portal-section">
        <xsl:with-param name="portal" select="$c/portal"/>
        <xsl:with-param name="main" select="$main"/>
        <xsl:with-param name="page" select="$page"/>
      </xsl:call-template>
    </xsl:if>
    <xsl:if test="$c/@new = '0'">
      <p class="actions"><button type="submit" form="main-form" name="action" value="save" class="primary"><xsl:value-of select="kp:t('page.save')"/></button></p>
    </xsl:if>
  </xsl:template>
</xsl:stylesheet>
