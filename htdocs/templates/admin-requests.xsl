<?xml version="1.0" encoding="UTF-8"?>
<!-- admin-requests.xsl: the inbox of reported jobs: accept (new or existing project), reject, done. -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
                xmlns:kp="urn:kundenportal" exclude-result-prefixes="kp">
  <xsl:import href="_areas.xsl"/>

  <!-- the projects the inbox offers, by their customer -->
  <xsl:key name="projects-of" match="/page/projects/project" use="@customer"/>

  <xsl:template match="/page" mode="title"><xsl:value-of select="kp:t('nav.requests')"/></xsl:template>

  <xsl:template match="/page" mode="content">
    <h1><xsl:value-of select="kp:t('nav.requests')"/></h1>
    <nav class="tabs" aria-label="{kp:t('requests.filter')}">
      <ul>
        <xsl:call-template name="state-tab"><xsl:with-param name="s">all</xsl:with-param></xsl:call-template>
        <xsl:call-template name="state-tab"><xsl:with-param name="s">new</xsl:with-param></xsl:call-template>
        <xsl:call-template name="state-tab"><xsl:with-param name="s">accepted</xsl:with-param></xsl:call-template>
        <xsl:call-template name="state-tab"><xsl:with-param name="s">done</xsl:with-param></xsl:call-template>
        <xsl:call-template name="state-tab"><xsl:with-param name="s">rejected</xsl:with-param></xsl:call-template>
      </ul>
    </nav>
    <xsl:if test="requests/@capped">
      <p class="meta"><xsl:value-of select="kp:t('requests.capped', requests/@capped)"/></p>
    </xsl:if>
    <xsl:choose>
      <xsl:when test="requests/request">
        <ul class="rows">
          <xsl:for-each select="requests/request">
            <li class="row card" id="r{@id}">
              <span class="what"><xsl:value-of select="title"/></span>
              <span class="badge state-{@state}"><xsl:value-of select="kp:t(concat('requests.state.', @state))"/></span>
              <span class="meta"><xsl:value-of select="kp:date(kp:local(@date))"/> · <xsl:value-of select="author"/> ·
                <xsl:choose>
                  <xsl:when test="@project"><a href="{$mount}/projects/{@project}/messages"><xsl:value-of select="project"/></a></xsl:when>
                  <xsl:otherwise><a href="{$mount}/customers/{@customer}"><xsl:value-of select="customer"/></a>
                    (<xsl:value-of select="kp:t('requests.customer')"/>)</xsl:otherwise>
                </xsl:choose>
                <xsl:if test="string(@desired)"> · <xsl:value-of select="kp:t('requests.desired')"/>: <xsl:value-of select="kp:date(@desired)"/></xsl:if>
                <xsl:if test="string(place)"> · <xsl:value-of select="place"/></xsl:if></span>
              <span class="note preline"><xsl:value-of select="description"/></span>
              <xsl:if test="@result">
                <span class="meta"><xsl:value-of select="kp:t('requests.result')"/>: <a href="{$mount}/projects/{@result}"><xsl:value-of select="result"/></a></span>
              </xsl:if>
              <form method="post" action="{$mount}/requests/{@id}" class="stack">
                <xsl:call-template name="csrf"/>
                <label for="answer-{@id}"><xsl:value-of select="kp:t('requests.answer')"/></label>
                <textarea id="answer-{@id}" name="answer" rows="2" maxlength="5000"><xsl:value-of select="answer"/></textarea>
                <label for="target-{@id}"><xsl:value-of select="kp:t('requests.target')"/></label>
                <select id="target-{@id}" name="target">
                  <option value="new"><xsl:value-of select="kp:t('requests.target_new')"/></option>
                  <!-- chosen: the project it was accepted into, else the one it was reported in -->
                  <xsl:variable name="chosen" select="string(@result | @project[not(../@result)])"/>
                  <!-- the projects of the customer whose job it is -->
                  <xsl:variable name="offered" select="key('projects-of', string(@owner))"/>
                  <xsl:if test="$chosen and not($offered[@id = $chosen])">
                    <!-- not among them (a project without customer, or beyond the first 100): offered
                         all the same, so it stays chosen -->
                    <option value="{$chosen}" selected="selected"><xsl:value-of select="result | project[not(../@result)]"/></option>
                  </xsl:if>
                  <xsl:for-each select="$offered">
                    <option value="{@id}"><xsl:if test="@id = $chosen"><xsl:attribute name="selected">selected</xsl:attribute></xsl:if><xsl:value-of select="."/><xsl:if test="string(@number)"> (<xsl:value-of select="@number"/>)</xsl:if></option>
                  </xsl:for-each>
                </select>
                <xsl:choose>
                  <xsl:when test="starts-with(@error, 'requests.notice.')"><p class="alert ok" role="status"><xsl:value-of select="kp:t(@error, result)"/></p></xsl:when>
                  <xsl:when test="@error"><p class="field-error" role="alert"><xsl:value-of select="kp:t(@error)"/></p></xsl:when>
                </xsl:choose>
                <div class="buttons">
                  <button type="submit" name="action" value="accept" class="primary"><xsl:value-of select="kp:t('requests.accept')"/></button>
                  <button type="submit" name="action" value="reject"><xsl:value-of select="kp:t('requests.reject')"/></button>
                  <button type="submit" name="action" value="done"><xsl:value-of select="kp:t('requests.done')"/></button>
                </div>
              </form>
            </li>
          </xsl:for-each>
        </ul>
      </xsl:when>
      <xsl:otherwise><p class="empty"><xsl:value-of select="kp:t('requests.none')"/></p></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template name="state-tab">
    <xsl:param name="s"/>
    <li><a href="{$mount}/requests?state={$s}">
      <xsl:if test="$s = /page/requests/@state"><xsl:attribute name="aria-current">page</xsl:attribute></xsl:if>
      <xsl:value-of select="kp:t(concat('requests.state.', $s))"/></a></li>
  </xsl:template>
</xsl:stylesheet>
